package io.emporium.launcher;

import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.messaging.EventDeliveries;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.security.CurrentCaller;
import io.emporium.platform.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins see the event deliveries of the outboxes in this process (the parked ones above all) and
 * resubmit a parked one once its subscription's handler is fixed.
 */
@RestController
class EventDeliveryController {

    private final EventDeliveries deliveries;

    EventDeliveryController(EventDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Operation(operationId = "listEventDeliveries", summary = "Event deliveries in one state, parked ones by default (admins)",
            description = "A PARKED delivery failed emporium.messaging.max-attempts times and is no longer retried; the later events of its"
                    + " aggregate for its subscription wait behind it until it is resubmitted.")
    @Parameter(name = "state", schema = @Schema(allowableValues = {"PENDING", "PARKED", "COMPLETED"}, defaultValue = "PARKED"))
    @Parameter(name = "page", description = "0 for the first page", schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
    @Parameter(name = "size", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
    @ApiResponse(responseCode = "200", description = "The deliveries, parked ones newest parked first, others oldest first")
    @GetMapping("/api/admin/event-deliveries")
    Page<EventDeliveries.Delivery> list(@RequestParam(defaultValue = "PARKED") String state,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        requireAdmin();
        EventDeliveries.State wanted;
        try {
            wanted = EventDeliveries.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid-request", "state must be one of " + Arrays.toString(EventDeliveries.State.values()));
        }
        return deliveries.list(wanted, new PageRequest(page, size));
    }

    @Operation(operationId = "resubmitEventDelivery", summary = "Deliver a parked event delivery again (admins)",
            description = "The delivery becomes PENDING with its attempts reset; the later events of its aggregate follow it.")
    @ApiResponse(responseCode = "200", description = "Resubmitted: the delivery, now PENDING")
    @ApiResponse(responseCode = "404", description = "No such event delivery")
    @ApiResponse(responseCode = "409", description = "The delivery is not parked (pending or completed)")
    @PostMapping("/api/admin/event-deliveries/{deliveryId}/resubmit")
    EventDeliveries.Delivery resubmit(@PathVariable String deliveryId) {
        requireAdmin();
        UUID id;
        try {
            id = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("event-delivery-not-found", "no event delivery " + deliveryId);
        }
        return deliveries.resubmit(id);
    }

    private static void requireAdmin() {
        if (!CurrentCaller.get().is(Role.ADMIN)) {
            throw new ForbiddenException("admins-only", "only an admin can see and resubmit event deliveries");
        }
    }
}
