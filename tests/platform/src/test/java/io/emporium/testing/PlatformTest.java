package io.emporium.testing;

import io.emporium.launcher.EmporiumApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole platform in this JVM on a random port: one embedded PostgreSQL, one embedded
 * ZooKeeper and one Spring context, shared by every test class that uses this annotation. Every
 * service reads time from the {@link TestClock}, which a test may move (and must reset).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EmporiumApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({Fixtures.class, TestClock.Configuration.class})
public @interface PlatformTest {
}
