package io.emporium.probe.api;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/** A service API for the binding's tests (service "probe"). */
@HttpExchange("/api/probe/internal")
public interface ProbeApi {

    @GetExchange("/echo/{value}")
    String echo(@PathVariable("value") String value);
}
