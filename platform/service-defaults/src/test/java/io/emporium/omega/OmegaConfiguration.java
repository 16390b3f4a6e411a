package io.emporium.omega;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "omega", uses = {"alpha", "beta"})
public class OmegaConfiguration {
}
