package io.vfmigrate.tools.mstflint;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MstconfigQueryParserTest {
  private static final String VF = "VF_MIGRATION_MODE";

  @Test
  void v428WithDefaultCurrentAndNextBoot() {
    MstconfigParam p =
        MstconfigQueryParser.find(read("mstconfig/query-e-v4.28-pending.txt"), VF).orElseThrow();

    assertThat(p)
        .isEqualTo(
            new MstconfigParam(
                VF,
                Optional.of("DEVICE_DEFAULT(0)"),
                Optional.of("DEVICE_DEFAULT(0)"),
                "MIGRATION_ENABLED(2)"));
    assertThat(p.currentValue()).hasValue(0);
    assertThat(p.nextBootValue()).hasValue(2);
    assertThat(p.defaultNumber()).hasValue(0);
    assertThat(p.changePending()).isTrue();
  }

  @Test
  void v428WithoutVerbosityHasNextBootOnlyAndPlainNumbers() {
    var params = MstconfigQueryParser.parse(read("mstconfig/query-v4.28.txt"));

    assertThat(params)
        .extracting(MstconfigParam::name)
        .containsExactly("NUM_OF_VFS", "SRIOV_EN", VF);
    assertThat(params.get(0).nextBootValue()).hasValue(16);
    assertThat(params.get(1).nextBootValue()).hasValue(1);
    assertThat(params.get(2).current()).isEmpty();
    assertThat(params.get(2).defaultValue()).isEmpty();
    assertThat(params.get(2).currentValue()).isEmpty();
    assertThat(params.get(2).nextBootValue()).hasValue(2);
  }

  @Test
  void readOnlyFlagsAndTrailingNotesAreIgnored() {
    var params = MstconfigQueryParser.parse(read("mstconfig/query-e-v4.28-enabled-ro.txt"));

    assertThat(params).extracting(MstconfigParam::name).containsExactly("PCI_BUS00_WIDTH", VF);
    assertThat(params.get(0).nextBoot()).isEqualTo("N/A");
    assertThat(params.get(0).nextBootValue()).isEmpty();
    assertThat(params.get(1).currentValue()).hasValue(2);
    assertThat(params.get(1).changePending()).isFalse();
  }

  @Test
  void firmwareThatCannotReadCurrentGivesNextBootOnly() {
    MstconfigParam p =
        MstconfigQueryParser.find(read("mstconfig/query-e-v4.28-no-default-current.txt"), VF)
            .orElseThrow();

    assertThat(p.current()).isEmpty();
    assertThat(p.nextBoot()).isEqualTo("MIGRATION_DISABLED(1)");
  }

  @Test
  void head436LayoutWithWiderColumns() {
    MstconfigParam p =
        MstconfigQueryParser.find(read("mstconfig/query-e-4.36.txt"), VF).orElseThrow();

    assertThat(p.defaultValue()).contains("DEVICE_DEFAULT(0)");
    assertThat(p.current()).contains("MIGRATION_ENABLED(2)");
    assertThat(p.nextBootValue()).hasValue(2);
    assertThat(MstconfigQueryParser.parse(read("mstconfig/query-4.36.txt")))
        .extracting(MstconfigParam::nextBoot)
        .containsExactly("16", "MIGRATION_DISABLED(1)");
  }

  @Test
  void setTableWithNewColumnReadsNextBootNotNew() {
    MstconfigParam p =
        MstconfigQueryParser.find(read("mstconfig/set-v4.28-ok.txt"), VF).orElseThrow();

    assertThat(p.nextBoot()).isEqualTo("DEVICE_DEFAULT(0)");
  }

  @Test
  void aMissingParameterIsEmpty() {
    assertThat(MstconfigQueryParser.find(read("mstconfig/query-e-4.36.txt"), "SRIOV_EN")).isEmpty();
  }

  @Test
  void outputWithoutTableIsAFormatError() {
    assertThatThrownBy(() -> MstconfigQueryParser.parse(read("mstconfig/error-open.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("Configurations:");
  }

  @Test
  void numbersOfValues() {
    assertThat(MstconfigParam.number("True(1)")).hasValue(1);
    assertThat(MstconfigParam.number("128")).hasValue(128);
    assertThat(MstconfigParam.number("N/A")).isEqualTo(OptionalInt.empty());
  }
}
