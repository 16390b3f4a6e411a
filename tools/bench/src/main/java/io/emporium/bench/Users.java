package io.emporium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The customer accounts bench-1@bench.emporium .. bench-N@bench.emporium, signed in, with empty carts.
 * Each is used by one action at a time.
 */
final class Users {

    static final String PASSWORD = "bench-pass-1";
    private static final int PARALLEL_SIGN_UPS = 8;

    private final Queue<User> free = new ConcurrentLinkedQueue<>();

    private Users(List<User> users) {
        free.addAll(users);
    }

    static Users prepare(Api api, int count) {
        Log.step("Preparing %d customer accounts (sign up if new, sign in, empty the cart)", count);
        Cart cart = new Cart(api);
        List<Callable<User>> tasks = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            String email = "bench-" + n + "@bench.emporium";
            tasks.add(() -> {
                signUp(api, email);
                User user = signIn(api, email, PASSWORD);
                cart.empty(user);
                return user;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_SIGN_UPS, Thread.ofVirtual().factory())) {
            List<User> users = new ArrayList<>();
            for (Future<User> user : pool.invokeAll(tasks)) {
                users.add(user.get());
            }
            return new Users(users);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the customer accounts: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the customer accounts", e);
        }
    }

    static User signIn(Api api, String email, String password) {
        String token = api.post("sign in", "/api/identity/tokens", Map.of("email", email, "password", password), null)
                .body().path("accessToken").asString();
        return new User(email, token);
    }

    /** Runs work as a free user, who is busy meanwhile; if every user is busy, that is an error. */
    Outcome withUser(Function<User, Outcome> work) {
        User user = free.poll();
        if (user == null) {
            return Outcome.error("no free user (raise --users)");
        }
        try {
            return work.apply(user);
        } finally {
            free.add(user);
        }
    }

    private static void signUp(Api api, String email) {
        try {
            api.post("sign up", "/api/identity/customers",
                    Map.of("email", email, "password", PASSWORD, "displayName", email.substring(0, email.indexOf('@'))), null);
        } catch (ApiException e) {
            if (e.is(429, "too-many-sign-ups")) {
                // the platform limits sign-ups per client address, and every bench user comes from this one
                throw new IllegalStateException("the platform refused more sign-ups from this address (429 too-many-sign-ups):"
                        + " start the platform under test with a higher limit, e.g. ./emporium start --data DIR"
                        + " -- --emporium.identity.sign-up.per-address=100000", e);
            }
            if (!e.is(409, "email-taken")) {
                throw e;
            }
        }
    }
}
