package io.emporium.inventory.domain;

public enum ReservationStatus {
    RESERVED, CONFIRMED, RELEASED, EXPIRED
}
