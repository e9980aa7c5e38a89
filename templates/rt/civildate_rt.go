package rt

import (
	"errors"
	"fmt"
	"time"
)

// CivilDate is a calendar date without a time of day or a time zone: the
// Go type of the catalog's date type expression, "2024-02-29" in JSON.
// Build one with a literal, CivilDate{2024, time.February, 29}.
type CivilDate struct {
	Year  int
	Month time.Month
	Day   int
}

// String returns the date as YYYY-MM-DD.
func (d CivilDate) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight of the date in loc.
func (d CivilDate) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero CivilDate, which is not a date.
func (d CivilDate) IsZero() bool { return d == CivilDate{} }

// valid reports whether d is a real date of years 0-9999, the dates JSON
// holds as YYYY-MM-DD.
func (d CivilDate) valid() bool {
	t := d.Time(time.UTC)
	return d.Year >= 0 && d.Year <= 9999 && t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// MarshalJSON writes the date as "YYYY-MM-DD". A date that does not exist
// (the zero CivilDate, February 30) or lies outside years 0-9999 is an
// error rather than a string the server would misread.
func (d CivilDate) MarshalJSON() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("CivilDate.MarshalJSON: %s is not a date of years 0-9999", d)
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" string; null leaves d as it is, as
// encoding/json does for other values.
func (d *CivilDate) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return errors.New("CivilDate.UnmarshalJSON: want a JSON string such as \"2024-02-29\"")
	}
	t, err := time.Parse(time.DateOnly, string(data[1:len(data)-1]))
	if err != nil {
		return fmt.Errorf("CivilDate.UnmarshalJSON: %w", err)
	}
	*d = CivilDate{t.Year(), t.Month(), t.Day()}
	return nil
}
