"""The `cityops` subcommands, one module each (`main(argv)`): the only place that parses arguments and builds the
process's services for a command."""
