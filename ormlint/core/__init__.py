"""Plain data shared by the engine and the rule contract: findings and configuration."""
