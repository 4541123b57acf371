package io.vfmigrate.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vfmigrate.workflow.report.OperationReport;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a person sees it: rendered by a real headless Chromium at 1200 px, screenshot, and
 * the charts' series colours found as drawn lines inside the plot area. Without Chromium the test
 * is skipped, unless {@code VFMIGRATE_REQUIRE_BROWSER=1} (CI) makes a missing browser a failure.
 */
class ReportBrowserTest {
  static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

  @TempDir Path dir;

  static Optional<Path> browser() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : BROWSERS) {
      for (String d : path.split(File.pathSeparator)) {
        Path candidate = Path.of(d, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private Path requireBrowser() {
    Optional<Path> found = browser();
    if (found.isEmpty()) {
      String why =
          "no Chromium on PATH (looked for "
              + String.join(", ", BROWSERS)
              + "); install it with `apt-get install -y chromium`";
      if ("1".equals(System.getenv("VFMIGRATE_REQUIRE_BROWSER"))) {
        fail(why + " (VFMIGRATE_REQUIRE_BROWSER=1 requires it)");
      }
      Assumptions.abort("skipped: " + why);
    }
    return found.get();
  }

  /** Renders the page and returns the screenshot. */
  private BufferedImage screenshot(OperationReport report, String name) throws Exception {
    Path browser = requireBrowser();
    Path page = dir.resolve(name + ".html");
    Files.writeString(page, HtmlPage.render(report), StandardCharsets.UTF_8);
    Path png = dir.resolve(name + ".png");
    Process p =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile-" + name),
                "--screenshot=" + png,
                "--window-size=1200,1600",
                page.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within 120 s: " + Files.readString(dir.resolve(name + ".log")));
    }
    assertThat(png).as(Files.readString(dir.resolve(name + ".log"))).exists();
    String keep = System.getenv("VFMIGRATE_REPORT_SHOTS");
    if (keep != null) {
      Files.copy(
          png,
          Path.of(keep).resolve(name + ".png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    return image;
  }

  /** The pixels of {@code rgb} (within a small tolerance for anti-aliasing). */
  static List<int[]> pixels(BufferedImage image, String hex) {
    int want = Integer.parseInt(hex.substring(1), 16);
    List<int[]> out = new ArrayList<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int got = image.getRGB(x, y);
        if (close(got, want)) {
          out.add(new int[] {x, y});
        }
      }
    }
    return out;
  }

  private static boolean close(int a, int b) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
        return false;
      }
    }
    return true;
  }

  /**
   * A series is drawn when its colour covers many more pixels than its legend swatch (18 x 6 px)
   * and spreads across the plot: more than half of the plot's width, all of it left of the legend.
   */
  static void assertDrawnAcrossThePlot(BufferedImage image, String hex, String series) {
    List<int[]> px = pixels(image, hex);
    // The page's column is 1080 px wide, centred, with 20 px padding; a figure adds 9 px each side.
    // Its SVG (Plot.WIDTH wide) is scaled into that, so the plot ends left of the legend at:
    double left = (image.getWidth() - 1080) / 2.0 + 20 + 9;
    double scale = (1080.0 - 40 - 18) / Plot.WIDTH;
    int legendX = (int) (left + (Plot.RIGHT + 8) * scale);
    List<int[]> inPlot = px.stream().filter(p -> p[0] < legendX).toList();
    assertThat(inPlot).as(series + " pixels inside the plot").hasSizeGreaterThan(300);
    int min = inPlot.stream().mapToInt(p -> p[0]).min().orElseThrow();
    int max = inPlot.stream().mapToInt(p -> p[0]).max().orElseThrow();
    assertThat(max - min)
        .as(series + " spread across the plot (px)")
        .isGreaterThan(image.getWidth() / 2);
  }

  @Test
  void aMigrationsChartsAreDrawn() throws Exception {
    BufferedImage image = screenshot(ReportFixtures.migrationReport(), "migration");
    assertDrawnAcrossThePlot(image, HtmlPage.RAM, "RAM");
    assertDrawnAcrossThePlot(image, HtmlPage.DEVICE, "VF device state");
    assertDrawnAcrossThePlot(image, HtmlPage.LIMIT, "downtime limit");
  }

  @Test
  void anEvacuationsGanttAndConcurrencyAreDrawn() throws Exception {
    BufferedImage image = screenshot(ReportFixtures.evacuationReport(), "evacuation");
    assertDrawnAcrossThePlot(image, HtmlPage.MIGRATED, "migrated bars");
    assertDrawnAcrossThePlot(image, HtmlPage.CONCURRENCY, "concurrency");
  }
}
