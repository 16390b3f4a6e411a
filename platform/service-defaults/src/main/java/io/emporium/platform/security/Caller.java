package io.emporium.platform.security;

import io.emporium.kernel.CustomerId;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.problem.ForbiddenException;
import java.util.Optional;

/**
 * Who is calling: the account id (JWT subject), its role and, for merchant staff, the merchant
 * they act for. Use cases take a Caller and decide ownership with it.
 */
public record Caller(String accountId, Role role, Optional<MerchantId> merchantId) {

    public boolean is(Role expected) {
        return role == expected;
    }

    /** The customer this caller is; 403 for anyone else. */
    public CustomerId requireCustomer() {
        if (role != Role.CUSTOMER) {
            throw new ForbiddenException("customers-only", "only a customer account can do this");
        }
        return new CustomerId(accountId);
    }

    /** The merchant this caller acts for; 403 for customers and admins. */
    public MerchantId requireMerchant() {
        if (role != Role.MERCHANT || merchantId.isEmpty()) {
            throw new ForbiddenException("merchants-only", "only merchant staff can do this");
        }
        return merchantId.get();
    }

    /** Passes for the owning merchant and for admins; 403 for everyone else. */
    public void requireOwnerOrAdmin(MerchantId owner) {
        if (role == Role.ADMIN) {
            return;
        }
        if (role != Role.MERCHANT || merchantId.filter(owner::equals).isEmpty()) {
            throw new ForbiddenException("not-owner", "this belongs to another merchant");
        }
    }
}
