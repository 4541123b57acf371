package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealHostTrainingTest {
  @TempDir Path home;

  @Test
  void takesTheRealHostsRoadWithoutRunningARealVirshAndChangesNothing() throws Exception {
    Map<String, String> env = Map.of("VFMIGRATE_HOME", home.toString());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    assertThat(Main.run(new String[] {"lab", "init"}, out, out, env)).isZero();

    int migrate = RealHostTraining.run(home, out, env);

    String printed = buffer.toString(StandardCharsets.UTF_8);
    assertThat(migrate).as(printed).isEqualTo(ExitCodes.NOT_READY);
    // Every virsh it started was the stub: the machine's own libvirt was never asked.
    String calls = Files.readString(home.resolve("training-bin").resolve("calls.log"));
    assertThat(calls).contains(home.resolve("training-bin").resolve("virsh") + " ");
    assertThat(calls.lines()).allMatch(l -> l.startsWith(home.resolve("training-bin").toString()));
    // The refused migration is in the journal (SQLite), and took no VF: nothing to recover.
    assertThat(printed).contains("migrate").doesNotContain("Exception");
  }
}
