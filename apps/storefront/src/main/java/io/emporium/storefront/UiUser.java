package io.emporium.storefront;

import java.io.Serializable;

/** Who is signed in to the pages, with the API token the pages call the platform with. */
public record UiUser(String accountId, String email, String displayName, String role, String merchantId, String token)
        implements Serializable {

    public boolean is(String expected) {
        return role.equals(expected);
    }

    /** Never prints the token (security's debug logging prints principals). */
    @Override
    public String toString() {
        return "UiUser[" + accountId + ", " + role + "]";
    }
}
