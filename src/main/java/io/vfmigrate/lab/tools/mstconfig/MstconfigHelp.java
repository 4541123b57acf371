package io.vfmigrate.lab.tools.mstconfig;

import java.util.Locale;

/** mstconfig's usage text, as its help and every usage error print it. */
final class MstconfigHelp {
  private MstconfigHelp() {}

  /** mstflint 4.28's {@code MlxCfg::printHelp} (mlxcfg_parser.cpp), built as mstconfig. */
  static String help() {
    StringBuilder s = new StringBuilder();
    String i1 = "    ";
    String i2 = i1 + i1;
    s.append(i1).append("NAME:\n").append(i2).append("mstconfig\n");
    s.append(i1)
        .append("SYNOPSIS:\n")
        .append(i2)
        .append("mstconfig [Options] <Commands> [Parameters]\n");
    s.append(i1)
        .append("DESCRIPTION:\n")
        .append(i2)
        .append("Allows the user to change some of the device configurations without having to\n")
        .append(i2)
        .append("create and burn a new firmware.");
    s.append('\n');
    s.append(i1).append("OPTIONS:\n");
    flag(s, "d", "dev", "device", "Perform operation for a specified MST device.");
    flag(s, "b", "db", "filename", "Use a specific database file.");
    flag(s, "f", "file", "conf_file", "raw configuration file.");
    flag(s, "h", "help", "", "Display help message.");
    flag(s, "v", "version", "", "Display version info.");
    flag(s, "e", "enable_verbosity", "", "Show default and current configurations.");
    flag(s, "y", "yes", "", "Answer yes in prompt.");
    flag(s, "a", "all_attrs", "", "Show all attributes in the XML template");
    flag(s, "p", "private_key", "PKEY", "pem file for private key");
    flag(s, "u", "key_uuid", "UUID", "keypair uuid");
    flag(s, "eng", "openssl_engine", "ENGINE NAME", "OpenSSL engine name");
    flag(s, "k", "openssl_key_id", "IDENTIFIER", "OpenSSL key identifier");
    flag(s, "t", "device_type", "switch/hca", "Specify the device type");
    s.append('\n');
    s.append(i1).append("COMMANDS SUMMARY\n");
    command(s, "clear_semaphore", "clear the tool semaphore.");
    command(s, "i|show_confs", "display information about all configurations.");
    command(s, "q|query", "query supported configurations.");
    command(s, "r|reset", "reset all configurations to their default value.");
    command(s, "s|set", "set configurations to a specific device.");
    command(s, "set_raw", "set raw configuration file(5th Generation and above).");
    command(s, "get_raw", "get raw configuration (5th Generation and above).");
    command(
        s,
        "backup",
        "backup configurations to a file. Use set_raw command to restore file (5th Generation and"
            + " above).");
    command(
        s,
        "gen_tlvs_file",
        "Generate List of all TLVs. TLVs output file name must be specified. (*)");
    command(
        s,
        "g <en_xml_template>",
        "Generate XML template. TLVs input file name and XML output file name must be specified."
            + " (*)");
    command(
        s,
        "xml2raw",
        "Generate Raw file from XML file. XML input file name and raw output file name must be"
            + " specified. (*)");
    command(
        s,
        "raw2xml",
        "Generate XML file from Raw file. raw input file name and XML output file name must be"
            + " specified. (*)");
    command(
        s,
        "xml2bin",
        "Generate binary configuration dump file from XML file. XML input file name and bin output"
            + " file name must be specified. (*)");
    command(
        s,
        "create_conf",
        "Generate configuration file from XML file. XML input file name and bin output file name"
            + " must be specified. (*)");
    command(
        s,
        "apply",
        "Apply a configuration file, that was created with create_conf command. bin input file"
            + " name must be specified. (*)");
    s.append('\n');
    s.append(i1).append("(*) These commands do not require MST device\n\n");
    s.append(i1)
        .append("To show supported configurations by device type, run show_confs command\n");
    s.append('\n');
    s.append('\n');
    s.append(i1).append("Examples:\n");
    example(s, "To query configurations", "mstconfig -d 04:00.0 query");
    example(
        s,
        "To set configuration",
        "mstconfig -d 04:00.0 set SRIOV_EN=1 NUM_OF_VFS=16 WOL_MAGIC_EN_P1=1");
    example(s, "To set raw configuration", "mstconfig -d 05:00.0 -f conf_file set_raw");
    example(s, "To reset configuration", "mstconfig -d 04:00.0 reset");
    s.append('\n');
    return s.toString();
  }

  private static void flag(
      StringBuilder s, String shortFlag, String longFlag, String param, String desc) {
    String flags = "-" + shortFlag + "|--" + longFlag + (param.isEmpty() ? "" : " <" + param + ">");
    s.append(String.format(Locale.ROOT, "        %-16s\t\t: %s\n", flags, desc));
  }

  private static void command(StringBuilder s, String name, String desc) {
    s.append(String.format(Locale.ROOT, "        %-24s : %s\n", name, desc));
  }

  private static void example(StringBuilder s, String what, String cmd) {
    s.append(String.format(Locale.ROOT, "        %-35s: %s\n", what, cmd));
  }
}
