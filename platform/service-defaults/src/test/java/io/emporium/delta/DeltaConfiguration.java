package io.emporium.delta;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "delta", uses = "gamma")
public class DeltaConfiguration {
}
