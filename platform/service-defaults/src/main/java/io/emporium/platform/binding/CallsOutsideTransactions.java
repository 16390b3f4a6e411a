package io.emporium.platform.binding;

import io.emporium.kernel.DomainException;
import io.emporium.platform.problem.DomainProblems;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcher;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rule that no call to another service runs inside a database transaction, enforced where every such
 * call passes: the in-process binding (each service's implementation of its published API interface, wrapped
 * here before any advice of its own) and the HTTP binding ({@link RemoteApiFactory}'s clients). A call made
 * while the calling thread holds a transaction is refused with {@link CallInsideTransaction} before it reaches
 * the other service, in every mode: in one process it would stretch the caller's transaction and its
 * connection over the other service's work; across processes over the network, where a slow neighbour then
 * holds the caller's connections and locks. Callers record their intent in a short transaction and call after
 * it (a saga step, a delivery outside a transaction, a job).
 *
 * <p>The same wrapper passes a {@link DomainException} the implementation throws on as the
 * {@link io.emporium.platform.problem.ProblemException} of its status ({@link DomainProblems}), as the HTTP
 * binding makes of the problem answer: a caller sees the same exception from either binding.
 *
 * <p>Checking at run time covers every path the suite takes, whatever the call's shape (a lambda in a
 * {@code TransactionTemplate}, a {@code @Transactional} method, an event handler); an architecture rule over
 * the byte code could not tell a call inside a transaction from one after it.
 */
public class CallsOutsideTransactions extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    public CallsOutsideTransactions() {
        List<Class<?>> apis = RemoteApiRegistrar.apiInterfaces();
        Pointcut pointcut = new Pointcut() {
            @Override
            public ClassFilter getClassFilter() {
                return type -> apis.stream().anyMatch(api -> api.isAssignableFrom(type));
            }

            @Override
            public MethodMatcher getMethodMatcher() {
                return new StaticMethodMatcher() {
                    @Override
                    public boolean matches(Method method, Class<?> targetClass) {
                        return apis.stream().filter(api -> api.isAssignableFrom(targetClass))
                                .anyMatch(api -> declares(api, method));
                    }
                };
            }
        };
        MethodInterceptor refuseInsideTransaction = invocation -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                Method method = invocation.getMethod();
                Class<?> implementation = invocation.getThis() == null ? method.getDeclaringClass() : invocation.getThis().getClass();
                String api = apis.stream().filter(a -> a.isAssignableFrom(implementation) && declares(a, method)).findFirst()
                        .map(Class::getSimpleName).orElse(implementation.getSimpleName());
                throw new CallInsideTransaction(api + "." + method.getName());
            }
            try {
                return invocation.proceed();
            } catch (DomainException e) {
                // what the HTTP binding makes of the problem answer, so that a caller cannot tell the bindings apart
                throw DomainProblems.toProblem(e);
            }
        };
        this.advisor = new DefaultPointcutAdvisor(pointcut, refuseInsideTransaction);
        // outermost: checked before the implementation's own advice (a @Transactional of its own, say) begins
        this.beforeExistingAdvisors = true;
        setProxyTargetClass(true);
    }

    private static boolean declares(Class<?> api, Method method) {
        return Arrays.stream(api.getMethods()).anyMatch(m -> m.getName().equals(method.getName())
                && Arrays.equals(m.getParameterTypes(), method.getParameterTypes()));
    }

    /** A service's API was called while the caller held a database transaction: a programming error. */
    public static final class CallInsideTransaction extends IllegalStateException {
        public CallInsideTransaction(String call) {
            super(call + " was called inside a database transaction; a call to another service must come before or"
                    + " after the caller's transactions, never inside one");
        }
    }
}
