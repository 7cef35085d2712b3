// Placeholder entry point; replaced by the command line wiring.
return 0;
