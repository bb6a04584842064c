"""Manager and accounting reports (data for screens, CSV, Excel; PDFs are in printing/)."""
