package io.emporium.launcher;

import java.nio.file.Path;

/** Another Emporium process holds this data directory. */
class DataDirectoryInUseException extends IllegalStateException {

    private final Path directory;

    DataDirectoryInUseException(Path directory) {
        super("data directory " + directory + " is in use by another Emporium process");
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }
}
