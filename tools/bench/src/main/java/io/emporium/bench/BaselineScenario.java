package io.emporium.bench;

/** The platform's trivial endpoint at the target rate: what the HTTP stack alone costs. */
final class BaselineScenario implements Scenario {

    static final String LIVENESS = "/actuator/health/liveness";

    private final Api api;

    BaselineScenario(Api api) {
        this.api = api;
    }

    @Override
    public void prepare() {
    }

    @Override
    public Action next(boolean warmingUp) {
        return new Action("liveness", () -> {
            api.get("liveness", LIVENESS, null);
            return Outcome.OK;
        });
    }
}
