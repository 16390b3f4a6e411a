package io.emporium.testing.component;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A neighbour's API for a component test, from an object that has only the methods the service under
 * test should call (same names and parameter types; it need not implement the interface). Any other
 * call fails, naming the method: the service asked its neighbour something the test did not expect.
 */
public final class Stub {

    private Stub() {
    }

    public static <T> T of(Class<T> api, Object answers) {
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "stub " + api.getSimpleName() + " (" + answers.getClass().getSimpleName() + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            Method answer;
            try {
                answer = answers.getClass().getMethod(method.getName(), method.getParameterTypes());
                answer.setAccessible(true); // a test's nested class is rarely public all the way out
            } catch (NoSuchMethodException e) {
                throw new UnsupportedOperationException(api.getSimpleName() + "." + method.getName()
                        + " was called, and the test's stub does not answer it");
            }
            try {
                return answer.invoke(answers, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
