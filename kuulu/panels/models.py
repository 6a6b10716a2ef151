"""Panels chosen by stratified sortition."""
