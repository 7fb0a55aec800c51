"""Tables, charts and maps shared by the CLI, the server and notebooks."""
