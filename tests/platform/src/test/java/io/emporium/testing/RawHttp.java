package io.emporium.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: HTTP clients normalise paths, encode
 * what they are given and refuse odd methods, which is exactly what the edge tests need to send.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Answer(int status, String headers, String body) {
        public String contentType() {
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "";
        }

        public boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + body;
        }
    }

    /** Sends {@code request} (the whole request: line, headers, blank line, body) and reads the answer until the server closes. */
    public static Answer send(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            // bytes as ISO-8859-1 (one char per byte) so chunk sizes count right; the body is decoded as UTF-8 at the end
            String text = out.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = head.startsWith("HTTP/") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(status, head, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with {@code Connection: close}; {@code target} and {@code extraHeaders} are sent exactly as given. */
    public static Answer send(int port, String method, String target, String extraHeaders, String body) {
        String request = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extraHeaders
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                + "\r\n" + (body == null ? "" : body);
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            String sizeLine = body.substring(at, eol).split(";")[0].trim();
            if (sizeLine.isEmpty()) {
                at = eol + 2;
                continue;
            }
            if (!sizeLine.matches("[0-9a-fA-F]{1,7}")) {
                break; // not a chunk size: the answer was cut short or is not chunked after all; keep what was read
            }
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
