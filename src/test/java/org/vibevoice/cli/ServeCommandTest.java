package org.vibevoice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.golden.GoldenFixtures;

/** {@code ./vibevoice serve}'s refusals: one line each, before any model is loaded. */
class ServeCommandTest {
    @TempDir
    Path tmp;

    private String fails(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(err, true), args);
        assertThat(code).isNotZero();
        String text = err.toString().strip();
        assertThat(text.lines()).hasSize(1);
        return text;
    }

    @Test
    void badSettingsAreOneLine() {
        String model = GoldenFixtures.dir().resolve("models/tiny-a").toString();
        assertThat(fails("serve", "--model_path", model, "--voices_dir", tmp.resolve("none").toString()))
                .contains("voices directory does not exist");
        assertThat(fails("serve", "--model_path", model, "--voices_dir", tmp.toString(), "--text_examples_dir",
                tmp.resolve("none").toString())).contains("text examples directory does not exist");
        assertThat(fails("serve", "--model_path", model, "--max_concurrent", "0")).contains("--max_concurrent");
        assertThat(fails("serve", "--model_path", model, "--port", "70000")).contains("--port");
    }
}
