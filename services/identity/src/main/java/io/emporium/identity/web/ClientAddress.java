package io.emporium.identity.web;

import io.emporium.platform.security.CurrentCaller;
import io.emporium.platform.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Whom a sign-in or sign-up is from, for the per-address limits.
 *
 * <p>The address is the connection's remote address ({@link HttpServletRequest#getRemoteAddr()}),
 * which is the proxy's unless the server is told to trust one (Tomcat's remote-IP handling,
 * {@code server.forward-headers-strategy=native} with {@code server.tomcat.remoteip.internal-proxies}).
 * {@code X-Forwarded-For} from anyone else is never read: a client could write any address in it.
 *
 * <p>The platform's own pages sign people in on their behalf; they name the person's address in
 * {@value #HEADER}, which counts only on a request that carries a SERVICE token (only Emporium
 * processes hold the key that signs one).
 *
 * <p>An IPv6 client usually controls a whole /64, so IPv6 addresses count per /64.
 */
final class ClientAddress {

    static final String HEADER = "Emporium-Client-Address";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ClientAddress() {
    }

    static String of(HttpServletRequest request) {
        String named = request.getHeader(HEADER);
        if (named != null && CurrentCaller.find().filter(caller -> caller.is(Role.SERVICE)).isPresent()) {
            String key = key(named.trim());
            if (key != null) {
                return key;
            }
        }
        String remote = key(request.getRemoteAddr());
        return remote != null ? remote : String.valueOf(request.getRemoteAddr());
    }

    /** The limits' key for an IP literal (IPv6 as its /64), or null if it is not one. */
    static String key(String literal) {
        if (literal == null || literal.length() > 64 || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            return null;
        }
        try {
            // only literals get here (digits and dots, or a ':'), so this never asks DNS
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
