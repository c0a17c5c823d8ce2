package org.vibevoice.cli;

import java.io.PrintWriter;
import org.vibevoice.VibeVoiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./vibevoice <command>}: thin commands over the library API. */
@Command(name = "vibevoice", mixinStandardHelpOptions = true, version = "vibevoice-java 0.1.0",
        description = "Pure-Java VibeVoice text-to-speech with half-precision weights.",
        subcommands = {SynthesizeCommand.class, ServeCommand.class, InfoCommand.class, DemoCommand.class, VerifyGoldenCommand.class, BenchCommand.class, DownloadCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status; user errors become one line on stderr. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with error lines going to {@code err}. */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter out = cmd.getErr();
            out.println("vibevoice: " + oneLine(ex));
            out.flush();
            return ex instanceof VibeVoiceException ? 1 : 2;
        });
        return cl.execute(args);
    }

    private static String oneLine(Throwable ex) {
        if (ex instanceof VibeVoiceException) {
            return ex.getMessage();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }
}
