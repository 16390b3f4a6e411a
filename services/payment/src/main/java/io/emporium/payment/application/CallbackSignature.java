package io.emporium.payment.application;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gateway callback signatures: header {@code Sandbox-Signature: t=<unix seconds>,v1=<hex>} where
 * v1 = HMAC-SHA256(secret, t + "." + body). A signature older than the tolerance is refused,
 * so a captured callback cannot be replayed later; within it, the event id de-duplicates.
 */
public class CallbackSignature {

    public static final String HEADER = "Sandbox-Signature";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;
    private final Clock clock;

    public CallbackSignature(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    public String sign(String body) {
        long t = clock.instant().getEpochSecond();
        return "t=" + t + ",v1=" + hmac(t + "." + body);
    }

    public boolean verify(String header, String body) {
        if (header == null || body == null) {
            return false;
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t") && kv[1].matches("\\d{1,12}")) {
                t = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t < 0 || v1 == null || Math.abs(clock.instant().getEpochSecond() - t) > TOLERANCE.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(t + "." + body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private String hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
