package io.emporium.launcher;

import io.emporium.coordination.DistributedLocks;
import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LeadershipGates;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.security.CurrentCaller;
import io.emporium.platform.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins see who leads each service's singleton work (one election per service) and who holds which lock, as ZooKeeper has it now. */
@RestController
class CoordinationController {

    @Schema(name = "CoordinationStatus")
    record Status(List<LeadershipGate.Leadership> leaders, List<DistributedLocks.Holder> locks) {
    }

    private final LeadershipGates elections;
    private final DistributedLocks locks;

    CoordinationController(LeadershipGates elections, DistributedLocks locks) {
        this.elections = elections;
        this.locks = locks;
    }

    @Operation(operationId = "getCoordinationStatus", summary = "Which node leads each service's jobs and event relay, and who holds which lock (admins)")
    @GetMapping("/api/admin/coordination")
    Status status() {
        if (!CurrentCaller.get().is(Role.ADMIN)) {
            throw new ForbiddenException("admins-only", "only an admin can see the coordination state");
        }
        return new Status(elections.all().stream().map(LeadershipGate::describe).toList(), locks.holders());
    }
}
