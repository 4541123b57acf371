package io.vfmigrate.tools.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.vfmigrate.tools.FakeHost.Fixtures;
import org.junit.jupiter.api.Test;

class OvsdbTextTest {
  @Test
  void emptyMap() {
    assertThat(OvsdbText.parseMap(Fixtures.read("ovs-vsctl/other-config-empty.txt"))).isEmpty();
  }

  @Test
  void mapWithQuotedValues() {
    assertThat(OvsdbText.parseMap(Fixtures.read("ovs-vsctl/other-config-offload.txt")))
        .containsExactly(entry("hw-offload", "true"), entry("max-idle", "300000"));
  }

  @Test
  void mapWithBareQuotedAndEscapedAtoms() {
    assertThat(OvsdbText.parseMap(Fixtures.read("ovs-vsctl/other-config-mixed.txt")))
        .containsEntry("tc-policy", "skip_sw")
        .containsEntry("pmd-cpu-mask", "0x6")
        .containsEntry("dpdk-init", "false")
        .containsEntry("vlan limit", "a\"b\\c")
        .hasSize(7);
  }

  @Test
  void quotedAtomsMayHoldCommasAndEquals() {
    assertThat(OvsdbText.parseMap("{a=\"x, y=z\", b=\"\\u00e9\\n\"}"))
        .containsExactly(entry("a", "x, y=z"), entry("b", "é\n"));
  }

  @Test
  void optionalValues() {
    assertThat(OvsdbText.parseOptional("[]\n")).isEmpty();
    assertThat(OvsdbText.parseOptional("1\n")).contains("1");
    assertThat(OvsdbText.parseOptional("\"could not open network device x (No such device)\"\n"))
        .contains("could not open network device x (No such device)");
    assertThat(OvsdbText.parseOptional("[\"a b\"]")).contains("a b");
  }

  @Test
  void malformedValuesAreRejected() {
    assertThatThrownBy(() -> OvsdbText.parseMap("hw-offload=true"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OvsdbText.parseMap("{hw-offload}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OvsdbText.parseMap("{a=\"open}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OvsdbText.parseOptional("[a, b]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OvsdbText.parseAtom("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
