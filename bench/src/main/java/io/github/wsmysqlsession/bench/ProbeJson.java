package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A diagnostic: the CPU and allocation of the in-memory part of {@code SocketSession.set} (as
 * {@code ConnectionSession.set} does it: JSON-B, copy the map, render the whole session to check its
 * size), against a cheaper variant (strings quoted directly, the size kept as a running sum).
 */
public final class ProbeJson {

    private ProbeJson() {
    }

    public static void main(String[] args) throws Exception {
        Jsonb jsonb = JsonbBuilder.create();
        Map<String, String> values = new LinkedHashMap<>();
        for (int k = 0; k < 10; k++) {
            values.put("k" + k, JsonText.quote(Db.value(k)));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int pass = 0; pass < 4; pass++) {
            for (int variant = 0; variant < 2; variant++) {
                int n = 200_000;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < n; i++) {
                    String key = "k" + (i % 10);
                    String value = Db.value(i);
                    if (variant == 0) {
                        String json = JsonText.escapeSupplementary(jsonb.toJson(value));
                        Map<String, String> next = new LinkedHashMap<>(values);
                        next.put(key, json);
                        sink += JsonText.utf8Length(SessionDocument.render(next));
                    } else {
                        String json = JsonText.quote(value);
                        // running size: old size - old entry + new entry, no copy, no render
                        sink += 1234 - values.get(key).length() + json.length();
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
                System.out.printf("pass %d %-44s %6.2f us CPU/set %7.0f B/set%n", pass,
                        variant == 0 ? "as ConnectionSession.set (JSON-B, copy, render)" : "quote + running size",
                        cpu / 1e3 / n, alloc / (double) n);
            }
        }
        // resume: the in-memory part (parse the frame, parse the stored row, write gotToken)
        Protocol protocol = new Protocol(jsonb, 4096);
        String token = Db.token();
        String frame = WsContender.getToken(token);
        String row = Db.tenKeys();
        for (int pass = 0; pass < 4; pass++) {
            for (int part = 0; part < 3; part++) {
                int n = 100_000;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < n; i++) {
                    switch (part) {
                        case 0 -> sink += protocol.parseGetToken(frame).token().length();
                        case 1 -> sink += SessionDocument.parse(row).size();
                        default -> sink += protocol.gotToken(token, "").length();
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
                System.out.printf("pass %d %-44s %6.2f us CPU/op %7.0f B/op%n", pass, new String[] {
                    "Protocol.parseGetToken (JSON-P)", "SessionDocument.parse, 10 keys (JSON-P)",
                    "Protocol.gotToken (JSON-B)"}[part], cpu / 1e3 / n, alloc / (double) n);
            }
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
