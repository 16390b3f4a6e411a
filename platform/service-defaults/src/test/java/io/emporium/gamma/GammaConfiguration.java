package io.emporium.gamma;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "gamma", uses = "delta")
public class GammaConfiguration {
}
