"""Full-screen views of the reader that open over the main screen and dismiss with a place to go."""
