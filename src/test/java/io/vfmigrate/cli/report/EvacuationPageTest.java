package io.vfmigrate.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An evacuation's page says how it ended in words and cards, not in the journal's key=value. */
class EvacuationPageTest {
  private static final String DETAIL =
      "makespan_ms=70000 lower_bound_ms=56000; vm1 on dst (migrated); vm2 on dst (migrated);"
          + " vm3 on dst (migrated); vm4 on src (rolled-back); vm5 on dst (migrated);"
          + " vm6 on dst (migrated); vm7 stays on src (cannot move: to dst: [destination-vf] dst"
          + " has 0 free prepared VFs (1 needed); to dst2: [psid-match] MT_1 is not MT_2)";

  @Test
  void theEndDetailIsCardsARowPerVmAndTheVmsThatStayed() {
    String page = HtmlPage.render(ReportFixtures.evacuationReport(DETAIL));

    assertThat(page).doesNotContain("makespan_ms=", "lower_bound_ms=");
    assertThat(page)
        .contains(
            "<div class=\"k\">lower bound</div><div class=\"v\">56.0 s</div>",
            "<div class=\"k\">ratio to the lower bound</div><div class=\"v\">1.25</div>",
            "<th>now on</th>",
            "<li><strong>vm7</strong> stayed on src: cannot move: to dst: [destination-vf] dst"
                + " has 0 free prepared VFs (1 needed); to dst2: [psid-match] MT_1 is not"
                + " MT_2</li>");
    assertThat(page).containsPattern("vm4</a></td><td>dst</td><td>migrated</td><td>src</td>");
  }

  @Test
  void aDetailThatIsNotTheSummaryIsShownAsItIs() {
    String words = "interrupted evacuation of src: vm1 rolled-back (20261203-074455-3f9a1c)";

    assertThat(HtmlPage.render(ReportFixtures.evacuationReport(words)))
        .contains("<p class=\"note\">" + words + "</p>")
        .doesNotContain("<div class=\"k\">lower bound</div>");
  }
}
