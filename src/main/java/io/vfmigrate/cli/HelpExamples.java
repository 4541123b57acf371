package io.vfmigrate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The "Examples:" footer of every command's help, kept in one place so that a command without
 * examples is noticed (HelpTest) and the lines stay short enough not to wrap.
 */
final class HelpExamples {
  /**
   * Per command (its qualified name): a description ending in a colon, then command lines, and so
   * on.
   */
  private static final Map<String, List<String>> EXAMPLES = new LinkedHashMap<>();

  static {
    add(
        "vfmigrate",
        "Rehearse the whole procedure on the built-in lab:",
        "vfmigrate lab demo",
        "Check, prepare and migrate, one step at a time:",
        "vfmigrate check --vm vm1",
        "vfmigrate prepare --host dst",
        "vfmigrate migrate vm1 --from src --to dst",
        "The help of one command:",
        "vfmigrate help migrate");
    add(
        "vfmigrate check",
        "Check every host of the inventory (default: the lab):",
        "vfmigrate check",
        "Check two hosts and a VM, as JSON:",
        "vfmigrate check --host src --host dst --vm vm1 --json");
    add(
        "vfmigrate prepare",
        "Print the runbook for a host without changing it:",
        "vfmigrate prepare --host src --dry-run",
        "Prepare a host with 4 VFs:",
        "vfmigrate prepare --host src --vfs 4");
    add(
        "vfmigrate teardown",
        "Print what teardown would undo:",
        "vfmigrate teardown --host src --dry-run",
        "Undo the preparation of a host:",
        "vfmigrate teardown --host src");
    add(
        "vfmigrate attach",
        "Attach the first free VF with a generated MAC:",
        "vfmigrate attach vm1 --host src",
        "Attach a given VF with a given MAC:",
        "vfmigrate attach vm1 --host src --vf 0000:e1:00.2 --mac 52:54:00:aa:bb:cc");
    add(
        "vfmigrate evacuate",
        "Print the plan with predicted times, change nothing:",
        "vfmigrate evacuate --host src --dry-run",
        "Empty src onto dst, at most 2 migrations at once:",
        "vfmigrate evacuate --host src --to dst --max-parallel 2");
    add(
        "vfmigrate list",
        "VMs and VFs of every host (claims, free, used):",
        "vfmigrate list",
        "One host, as JSON:",
        "vfmigrate list --host dst --json");
    add(
        "vfmigrate migrate",
        "Show the guards' verdicts and the commands, change nothing:",
        "vfmigrate migrate vm1 --from src --to dst --dry-run",
        "Migrate, allowing up to 1 s of downtime:",
        "vfmigrate migrate vm1 --from src --to dst --max-downtime 1000",
        "Migrate and write its report page right after:",
        "vfmigrate migrate vm1 --from src --to dst --report vm1.html");
    add(
        "vfmigrate verify",
        "Verify the VF of a VM wherever it runs:",
        "vfmigrate verify vm1",
        "Ping a given address through it on a given host:",
        "vfmigrate verify vm1 --host dst --target 192.168.3.1");
    add(
        "vfmigrate recover",
        "Say what would be done for interrupted operations:",
        "vfmigrate recover --dry-run",
        "Settle them:",
        "vfmigrate recover");
    add(
        "vfmigrate history",
        "The last 5 operations on vm1:",
        "vfmigrate history --vm vm1 --limit 5",
        "One operation with its steps, as JSON:",
        "vfmigrate history 20261203-074455-3f9a1c --json");
    add(
        "vfmigrate report",
        "Write the page of a migration and print its path:",
        "vfmigrate report 20261203-074455-3f9a1c",
        "Write it to a file of your choice, or print its data:",
        "vfmigrate report 20261203-074455-3f9a1c --html vm1.html",
        "vfmigrate report 20261203-074455-3f9a1c --json");
    add(
        "vfmigrate lab",
        "Run the whole procedure on a fresh lab:",
        "vfmigrate lab demo",
        "Create the lab from your own description:",
        "vfmigrate lab init --from my-lab.yaml");
    add(
        "vfmigrate lab init",
        "The built-in lab (two hosts src and dst, vm1 on src):",
        "vfmigrate lab init",
        "Your own lab (docs/lab-schema.md):",
        "vfmigrate lab init --from my-lab.yaml");
    add(
        "vfmigrate lab show",
        "The lab as a report:",
        "vfmigrate lab show",
        "Its whole state as JSON:",
        "vfmigrate lab show --json");
    add("vfmigrate lab reset", "Back to the state of the last lab init:", "vfmigrate lab reset");
    add(
        "vfmigrate lab reboot",
        "Make a next-boot firmware setting of dst active:",
        "vfmigrate lab reboot dst");
    add("vfmigrate lab demo", "Run the demo (it starts from a fresh lab):", "vfmigrate lab demo");
    add("vfmigrate lab bench", "One run per VM size:", "vfmigrate lab bench --runs 1");
    add(
        "vfmigrate lab exec",
        "What virsh on src prints:",
        "vfmigrate lab exec src -- virsh list --all",
        "A tool's raw answer, to compare with a real host:",
        "vfmigrate lab exec dst -- devlink -j dev eswitch show pci/0000:e1:00.0");
    add(
        "vfmigrate lab capture",
        "Make a lab of the real hosts of an inventory:",
        "vfmigrate lab capture --inventory hosts.yaml --to twin.yaml",
        "With each running VM's dirty rate, then rehearse on it:",
        "vfmigrate lab capture --inventory hosts.yaml --to twin.yaml --dirty-rate",
        "vfmigrate lab init --from twin.yaml");
    add(
        "vfmigrate help",
        "The help of a command:",
        "vfmigrate help migrate",
        "The help of a lab command:",
        "vfmigrate lab bench --help");
    add("vfmigrate version", "Print the version:", "vfmigrate version");
    add(
        "vfmigrate completion",
        "Complete vfmigrate in this bash:",
        "source <(vfmigrate completion bash)",
        "In zsh, from ~/.zshrc:",
        "source <(vfmigrate completion zsh)");
  }

  private HelpExamples() {}

  /** The examples of a command (by qualified name): descriptions ending in ':', command lines. */
  static List<String> of(String command) {
    return EXAMPLES.getOrDefault(command, List.of());
  }

  private static void add(String command, String... lines) {
    EXAMPLES.put(command, List.of(lines));
  }

  /** Puts the examples into the help of {@code cli} and of each of its subcommands. */
  static void apply(CommandLine cli) {
    List<String> lines = EXAMPLES.get(cli.getCommandSpec().qualifiedName());
    if (lines != null) {
      List<String> footer = new ArrayList<>();
      for (String line : lines) {
        footer.add((line.endsWith(":") ? "  " : "    ") + line);
      }
      cli.getCommandSpec()
          .usageMessage()
          .footerHeading("%nExamples:%n")
          .footer(footer.toArray(String[]::new));
    }
    cli.getSubcommands().values().forEach(HelpExamples::apply);
  }
}
