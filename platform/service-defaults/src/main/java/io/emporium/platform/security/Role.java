package io.emporium.platform.security;

/** What an authenticated caller is. SERVICE is another Emporium service calling over HTTP. */
public enum Role {
    CUSTOMER, MERCHANT, ADMIN, SERVICE;

    public String authority() {
        return "ROLE_" + name();
    }
}
