package org.vibevoice.cli;

import java.io.PrintWriter;
import org.vibevoice.VibeVoiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./vibevoice <command>}: thin commands over the library API. */
@Command(name = "vibevoice", mixinStandardHelpOptions = true, version = "vibevoice-java 0.1.0",
        description = "Pure-Java VibeVoice text-to-speech with half-precision weights.",
        subcommands = {SynthesizeCommand.class, ServeCommand.class, InfoCommand.class, DemoCommand.class,
            VerifyGoldenCommand.class, BenchCommand.class, DownloadCommand.class, ConvertCommand.class,
            RandomModelCommand.class})
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
        withHelpOptions(cl);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("vibevoice: " + oneLine(ex));
            cmd.getErr().flush();
            return ex instanceof VibeVoiceException ? 1 : 2;
        });
        return cl.execute(args);
    }

    /** Every command, at any depth, answers --help and --version. */
    private static void withHelpOptions(CommandLine cl) {
        cl.getCommandSpec().mixinStandardHelpOptions(true);
        for (CommandLine sub : cl.getSubcommands().values()) {
            withHelpOptions(sub);
        }
    }

    private static String oneLine(Throwable ex) {
        if (ex instanceof VibeVoiceException) {
            return ex.getMessage();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }
}
