package io.vfmigrate.e2e;

import java.util.List;

/**
 * What one fault point left: the inconsistencies found (none when all is well), whether {@code
 * vfmigrate recover} or a second {@code prepare} was needed, and the commands' output.
 */
record SweepVerdict(
    List<String> problems, boolean recovered, boolean reprepared, String transcript) {}
