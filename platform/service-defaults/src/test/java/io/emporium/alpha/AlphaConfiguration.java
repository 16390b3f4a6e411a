package io.emporium.alpha;

import io.emporium.platform.service.EmporiumService;

/** A service declaration for DeclaredServiceTest. */
@EmporiumService(name = "alpha", schema = "alpha_schema")
public class AlphaConfiguration {
}
