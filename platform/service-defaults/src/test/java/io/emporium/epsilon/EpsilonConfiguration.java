package io.emporium.epsilon;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "epsilon", uses = "nowhere")
public class EpsilonConfiguration {
}
