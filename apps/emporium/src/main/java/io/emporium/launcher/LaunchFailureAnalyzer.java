package io.emporium.launcher;

import io.emporium.platform.service.ServiceSelection;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns the launcher's own refusals into a short message instead of a stack trace. */
class LaunchFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataDirectoryInUseException inUse) {
                return new FailureAnalysis(inUse.getMessage() + ".",
                        "Stop the other platform, or start this one with another data directory and port: "
                                + "./emporium start --data OTHER_DIR --port OTHER_PORT", t);
            }
            if (t instanceof ServiceSelection.UnknownServiceException unknown) {
                return new FailureAnalysis(unknown.getMessage() + ".",
                        "Name services from that list, e.g. ./emporium start --services catalog,inventory", t);
            }
        }
        return null;
    }
}
