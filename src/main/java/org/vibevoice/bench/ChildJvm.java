package org.vibevoice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vibevoice.VibeVoiceException;

/**
 * Runs a CLI command in a fresh JVM with this JVM's java binary, flags and class path, for
 * measurements that one JVM's history would distort: resident memory, or what the JIT compiled
 * for the previous precision.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code vibevoice command… --dtype d --child} once per precision d, each in its own JVM
     * (in one JVM the second ran partly on code the JIT shaped for the first), printing their
     * output in order. {@code --child} tells the command to print its table rows only.
     */
    public static void eachPrecision(List<String> command, List<String> dtypes) {
        for (String d : dtypes) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--dtype", d, "--child"));
            run(args, System.out::println);
        }
    }

    /** Runs {@code vibevoice args…}, handing each line of its standard output to {@code lines}. */
    public static void run(List<String> args, Consumer<String> lines) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.vibevoice.cli.Main");
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.accept(l);
                }
            }
            int status = p.waitFor();
            if (status != 0) {
                throw new VibeVoiceException(String.join(" ", args) + ": failed in its JVM (exit " + status + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VibeVoiceException(String.join(" ", args) + ": interrupted");
        }
    }
}
