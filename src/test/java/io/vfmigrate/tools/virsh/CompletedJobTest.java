package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class CompletedJobTest {
  @Test
  void rawStatisticsOfACompletedIncomingJob() {
    CompletedJob job = CompletedJob.parse(Fixtures.read("virsh/domjobinfo-completed-rawstats.txt"));

    assertThat(job.completed()).isTrue();
    assertThat(job.timeElapsedMs()).hasValue(976);
    assertThat(job.downtimeMs()).hasValue(161);
    assertThat(job.memoryProcessed()).hasValue(105269330);
    assertThat(job.dataProcessed()).hasValue(105269330);
    assertThat(job.iterations()).hasValue(3);
    assertThat(job.vfioDataTransferred()).isEmpty();
  }

  @Test
  void libvirt106ReportsTheVfsDeviceState() {
    CompletedJob job =
        CompletedJob.parse(Fixtures.read("lab-migration/domjobinfo-running-rawstats-10.6.txt"));

    assertThat(job.completed()).isFalse();
    assertThat(job.vfioDataTransferred()).hasValue(121485708);
  }

  @Test
  void outputWithoutAJobTypeIsRefused() {
    assertThatThrownBy(() -> CompletedJob.parse("error: something else\n"))
        .isInstanceOf(ToolOutputException.class);
  }
}
