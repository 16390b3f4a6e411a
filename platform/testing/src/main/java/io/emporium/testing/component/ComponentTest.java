package io.emporium.testing.component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A component test: the services on the test's classpath (a service module's own, and no other: its
 * neighbours are there only as their {@code -api} modules) on a random port, each on its schema of a
 * real PostgreSQL, with a real ZooKeeper, both shared by every component test of the JVM. A neighbour's
 * API is a bean the test declares (a stub); an API nobody declares is bound, lazily, to an HTTP client
 * that finds no instance of its service (503), so a call the test did not expect fails ({@link Stub} makes one from an object with only
 * the methods the service should call). Scheduled jobs do not run: a test drives a job itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = ComponentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "emporium.security.token-secret=component-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "emporium.security.bcrypt-strength=4",
        "logging.level.org.apache.zookeeper=WARN", "logging.level.org.apache.curator=WARN",
        "logging.level.io.emporium=WARN"})
public @interface ComponentTest {
}
