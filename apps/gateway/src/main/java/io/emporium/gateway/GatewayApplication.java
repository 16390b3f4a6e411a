package io.emporium.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The entry point of a platform split into processes: one URL for the storefront and the public API. Each request
 * goes to an instance of the service its path names, as registered in ZooKeeper ({@link GatewayRoutes}).
 */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
