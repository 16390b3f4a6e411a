package io.emporium.beta;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "beta")
public class BetaConfiguration {
}
