package org.vibevoice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium (Debian's chromium and chromium-driver; nothing is downloaded):
 * pick voices (one uploaded), type a script, generate, and check that audio arrives and is
 * scheduled for playback while the model is still generating, that progress is shown, that the
 * offered WAV is exactly the generated audio, that Stop cancels on the server, and that errors
 * are shown in the page. Screenshots go to target/screenshots. Without a browser the test is
 * skipped, except on CI (CI=true), where it must run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path tmp;
    TestServer ts;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI must run the browser test, but there is " + message);
            }
            Assumptions.abort("browser test skipped: " + message);
        }
        ts = new TestServer(tmp.resolve("server"), 2);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chrome-profile")),
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000");
        driver = new ChromeDriver(options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void openPage() {
        driver.get(ts.server.uri().toString());
        wait.until(d -> "ready".equals(status()));
    }

    @AfterEach
    void letTheWorkerGo() {
        ts.probe.releaseAll();
        assertThat(ts.probe.expired()).as("a hold expired instead of being released").isFalse();
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (ts != null) {
            ts.close();
        }
    }

    @Test
    void generatesPlaysWhileGeneratingAndOffersTheWav() throws Exception {
        assertThat(new Select(driver.findElement(By.id("examples"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("Example scripts…", "1p_hello", "2p_short");
        new Select(driver.findElement(By.id("speaker-count"))).selectByValue("2");
        new Select(driver.findElement(By.id("voice-1"))).selectByValue("en-Frank_man");
        upload(2, ts.voicesDir.resolve("en-Maya_woman.wav"));
        String uploaded = new Select(driver.findElement(By.id("voice-2"))).getFirstSelectedOption().getAttribute("value");
        assertThat(uploaded).startsWith("upload-");
        type("script", "Speaker 1: Hello from the browser.\nSpeaker 2: And hello back!");
        type("seed", "9");

        Probe.Hold afterFirstFrame = ts.probe.holdAfter(1);
        driver.findElement(By.id("generate")).click();
        afterFirstFrame.awaitReached();
        // the server holds the generation after one frame: the page must already have it and be playing it
        wait.until(d -> number("receivedSamples") >= 3200 && number("scheduledBuffers") >= 1);
        assertThat(status()).isEqualTo("generating");
        assertThat(driver.findElement(By.id("stop")).isEnabled()).isTrue();
        screenshot("page-generating.png");
        afterFirstFrame.release();

        wait.until(d -> "done".equals(status()));
        long frames = number("frames");
        assertThat(frames).isPositive();
        assertThat(number("receivedSamples")).isEqualTo(frames * 3200);
        assertThat(number("scheduledBuffers")).isEqualTo(frames);
        assertThat(number("progressEvents")).isPositive();
        assertThat(driver.findElement(By.id("stat-frames")).getText()).isEqualTo(Long.toString(frames));
        assertThat(driver.findElement(By.id("status")).getText()).startsWith("Done:");
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        wait.until(d -> "running".equals(js("return window.vibevoice.contextState")));
        wait.until(d -> ((Number) js("return window.vibevoice.playedSeconds")).doubleValue() > 0);

        WebElement download = driver.findElement(By.id("download"));
        assertThat(download.isDisplayed()).isTrue();
        assertThat(download.getAttribute("download")).endsWith(".wav");
        String base64 = (String) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById('download').href).then((r) => r.arrayBuffer()).then((b) => {
                  let s = '';
                  for (const x of new Uint8Array(b)) s += String.fromCharCode(x);
                  done(btoa(s));
                }, (e) => done('failed: ' + e));
                """);
        Wav wav = Wav.parse(Base64.getDecoder().decode(base64));
        assertThat(wav.sampleRate()).isEqualTo(24000);
        assertThat(wav.dataSize()).isEqualTo(wav.data().length);
        assertThat(wav.riffSize()).isEqualTo(36 + wav.data().length);
        assertThat(wav.samples()).isEqualTo(frames * 3200);
        assertThat(wav.data()).isEqualTo(ts.probe.lastAudio());
        // the browser's own decoder reads the WAV too: the player knows its duration
        wait.until(d -> ((Number) js("return document.getElementById('player').readyState")).intValue() >= 1);
        assertThat(((Number) js("return document.getElementById('player').duration")).doubleValue())
                .isCloseTo(frames * 3200 / 24000.0, org.assertj.core.data.Offset.offset(1e-3));
        screenshot("page-done.png");
    }

    @Test
    void stopCancelsTheGenerationOnTheServer() throws Exception {
        long cancelled = ts.service.stats().cancelled();
        new Select(driver.findElement(By.id("examples"))).selectByVisibleText("2p_short");
        assertThat(driver.findElement(By.id("script")).getAttribute("value")).isEqualTo(
                "Speaker 1: Hi there.\nSpeaker 2: Hello, how are you?");
        assertThat(new Select(driver.findElement(By.id("speaker-count"))).getFirstSelectedOption().getText()).isEqualTo("2");
        Probe.Hold atStart = ts.probe.holdAfter(0);
        driver.findElement(By.id("generate")).click();
        atStart.awaitReached();
        wait.until(d -> js("return window.vibevoice.job") != null);
        SpeechJob job = ts.service.job((String) js("return window.vibevoice.job"));
        assertThat(job).isNotNull();
        driver.findElement(By.id("stop")).click();
        wait.until(d -> job.cancelled());
        atStart.release();
        wait.until(d -> "done".equals(status()));
        // the stream ended by itself with the server's "stopped" summary (not by the page's fallback abort)
        assertThat(driver.findElement(By.id("status")).getText()).startsWith("Stopped after");
        assertThat(ts.service.stats().cancelled()).isEqualTo(cancelled + 1);
        assertThat(driver.findElement(By.id("generate")).isEnabled()).isTrue();
    }

    @Test
    void errorsAreShownInThePage() throws Exception {
        new Select(driver.findElement(By.id("speaker-count"))).selectByValue("1");
        type("script", "Speaker 1: One.\nSpeaker 2: Two.");
        driver.findElement(By.id("generate")).click();
        wait.until(d -> "error".equals(status()));
        WebElement error = driver.findElement(By.id("error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).contains("2 speakers but 1 voice").doesNotContain("Exception").doesNotContain("at org.");
        screenshot("page-error.png");
    }

    private void upload(int speaker, Path file) throws IOException {
        Path copy = tmp.resolve("my voice.wav");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        WebElement input = driver.findElement(By.id("upload-" + speaker));
        // the file input is hidden behind its "Upload…" button; chromedriver fills file inputs regardless
        input.sendKeys(copy.toAbsolutePath().toString());
        wait.until(d -> new Select(d.findElement(By.id("voice-" + speaker))).getFirstSelectedOption().getText()
                .startsWith("⬆ my voice.wav"));
        List<WebElement> options = new Select(driver.findElement(By.id("voice-1"))).getOptions();
        assertThat(options).extracting(WebElement::getText).anyMatch(t -> t.startsWith("⬆ my voice.wav"));
    }

    private void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String status() {
        return (String) js("return document.getElementById('app').dataset.status");
    }

    private long number(String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) js("return window.vibevoice");
        return ((Number) state.get(key)).longValue();
    }

    private void screenshot(String name) throws IOException {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
