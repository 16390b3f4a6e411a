package io.emporium.zeta;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest: kappa, which it uses, only publishes its API on that classpath. */
@EmporiumService(name = "zeta", uses = "kappa")
public class ZetaConfiguration {
}
