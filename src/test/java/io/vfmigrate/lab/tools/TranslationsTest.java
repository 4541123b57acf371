package io.vfmigrate.lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.LabException;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.LabSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class TranslationsTest {
  private final LabFixture lab = new LabFixture();

  private CommandResult run(Command command) {
    return lab.src().run(command);
  }

  @Test
  void aJapaneseHostAnswersVirshVersionInJapanese() {
    lab.srcSpec().locale = "ja_JP.UTF-8";

    CommandResult r = run(Command.of("virsh", "version"));

    assertThat(r.stdout())
        .isEqualTo(
            "コンパイル時に使用したライブラリ: libvirt 10.10.0\n"
                + "使用中のライブラリ: libvirt 10.10.0\n"
                + "使用中の API: QEMU 10.10.0\n"
                + "実行中のハイパーバイザー: QEMU 9.1.0\n"
                + "\n");
  }

  @Test
  void lcAllCGivesTheEnglishTheParsersRead() {
    lab.srcSpec().locale = "ja_JP.UTF-8";

    CommandResult r = run(Command.of("virsh", "version").inCLocale());

    assertThat(r.stdout()).contains("Using library: libvirt 10.10.0\n");
  }

  @Test
  void rpmSaysInJapaneseThatAPackageIsNotInstalled() {
    lab.srcSpec().locale = "ja_JP.UTF-8";

    CommandResult r = run(Command.of("rpm", "-q", "nosuch", "mstflint"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("パッケージ nosuch はインストールされていません\nmstflint-4.26.0-1.el9.x86_64\n");
  }

  @Test
  void theEffectiveLanguageFollowsLcAllThenLcMessagesThenLangThenTheHost() {
    assertThat(Translations.language(null, Map.of())).isEmpty();
    assertThat(Translations.language("ja_JP.UTF-8", Map.of())).contains("ja");
    assertThat(Translations.language("ja_JP.UTF-8", Map.of("LANG", "C"))).isEmpty();
    assertThat(Translations.language("C", Map.of("LANG", "ja_JP.eucJP"))).contains("ja");
    assertThat(Translations.language(null, Map.of("LANG", "C", "LC_MESSAGES", "ja_JP")))
        .contains("ja");
    assertThat(Translations.language("ja_JP.UTF-8", Map.of("LC_ALL", "C", "LANG", "ja_JP")))
        .isEmpty();
    assertThat(Translations.language("POSIX", Map.of())).isEmpty();
    assertThat(Translations.language("C.UTF-8", Map.of())).isEmpty();
  }

  @Test
  void theLocaleOfALabHostIsKeptInItsYamlAndMustLookLikeLang() {
    LabSpec spec = LabStore.defaultSpec();
    spec.hosts.get("src").locale = "ja_JP.UTF-8";
    String yaml = LabStore.toYaml(spec);
    assertThat(yaml).contains("locale: ja_JP.UTF-8");
    assertThat(LabStore.parse(yaml, "test").hosts.get("src").locale).isEqualTo("ja_JP.UTF-8");
    assertThat(LabStore.toYaml(LabStore.defaultSpec())).doesNotContain("locale");

    spec.hosts.get("src").locale = "ja JP; rm -rf";
    assertThatThrownBy(() -> LabStore.parse(LabStore.toYaml(spec), "test"))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("hosts.src.locale");
  }

  @Test
  void linesWithoutACataloguedMessageAndOtherLanguagesStayEnglish() {
    ToolOutput out = ToolOutput.of(0, "Using library: libvirt 9.0\nother\n", "");
    assertThat(Translations.translate("virsh", Optional.of("ja"), out)).isEqualTo(out);
    ToolOutput english = ToolOutput.of(0, "Using library: libvirt 9.0.0\n", "");
    assertThat(Translations.translate("virsh", Optional.of("de"), english)).isEqualTo(english);
  }
}
