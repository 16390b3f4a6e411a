package io.emporium.platform.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Identity's public keys, for verifying access tokens, where this process knows them itself: the identity
 * service's key store in identity's own process (or a test's key). A process without one asks identity for its
 * published key set ({@link PublishedAccessTokenKeys}).
 */
public interface AccessTokenKeys extends JWKSource<SecurityContext> {
}
