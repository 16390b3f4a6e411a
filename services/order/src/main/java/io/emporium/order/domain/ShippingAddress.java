package io.emporium.order.domain;

/** Where an order goes; validated at the API edge. */
public record ShippingAddress(String name, String phone, String line1, String line2, String city, String region,
        String postalCode, String country) {
}
