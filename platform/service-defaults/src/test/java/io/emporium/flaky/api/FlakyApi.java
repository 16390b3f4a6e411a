package io.emporium.flaky.api;

import io.emporium.kernel.Idempotent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/** A service API for the remote call policy's tests (service "flaky"). */
@HttpExchange("/api/flaky/internal")
public interface FlakyApi {

    @GetExchange("/things/{id}")
    String read(@PathVariable("id") String id);

    /** Not idempotent: each call makes a thing. */
    @PostExchange("/things")
    String create(@RequestBody String name);

    @Idempotent
    @PostExchange("/things/{id}/confirmation")
    String confirm(@PathVariable("id") String id);
}
