// `bin/harborhook slo <command>`: filled in by the SLO generator and the rule checks.
process.stderr.write('usage: bin/harborhook slo <generate|check> (not built yet)\n');
process.exit(2);
