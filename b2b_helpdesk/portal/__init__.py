"""What the client's contacts see and do on the portal: built on the same permission hooks as the desk."""
