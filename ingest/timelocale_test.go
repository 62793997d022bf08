package ingest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// TestLocalizedMonths reads all twelve months of each language, the way a
// Jira export in that display language writes them. Every value is the
// 15th at the time shown; want is written out by hand.
func TestLocalizedMonths(t *testing.T) {
	cases := []struct {
		lang   string
		values [12]string
		want   [12]string
	}{
		{
			"en 12-hour", [12]string{
				"15/Jan/24 9:05 AM", "15/Feb/24 9:05 PM", "15/Mar/24 12:00 AM", "15/Apr/24 12:30 PM",
				"15/May/24 1:00 AM", "15/Jun/24 11:59 PM", "15/Jul/24 6:15 AM", "15/Aug/24 6:15 PM",
				"15/Sep/24 10:00 AM", "15/Oct/24 10:00 PM", "15/Nov/24 3:45 AM", "15/Dec/24 3:45 PM",
			},
			[12]string{
				"2024-01-15T09:05:00Z", "2024-02-15T21:05:00Z", "2024-03-15T00:00:00Z", "2024-04-15T12:30:00Z",
				"2024-05-15T01:00:00Z", "2024-06-15T23:59:00Z", "2024-07-15T06:15:00Z", "2024-08-15T18:15:00Z",
				"2024-09-15T10:00:00Z", "2024-10-15T22:00:00Z", "2024-11-15T03:45:00Z", "2024-12-15T15:45:00Z",
			},
		},
		{
			"de, old Java names, 24-hour", [12]string{
				"15/Jan/24 09:05", "15/Feb/24 21:05", "15/Mär/24 00:00", "15/Apr/24 12:30",
				"15/Mai/24 01:00", "15/Jun/24 23:59", "15/Jul/24 06:15", "15/Aug/24 18:15",
				"15/Sep/24 10:00", "15/Okt/24 22:00", "15/Nov/24 03:45", "15/Dez/24 15:45",
			},
			[12]string{
				"2024-01-15T09:05:00Z", "2024-02-15T21:05:00Z", "2024-03-15T00:00:00Z", "2024-04-15T12:30:00Z",
				"2024-05-15T01:00:00Z", "2024-06-15T23:59:00Z", "2024-07-15T06:15:00Z", "2024-08-15T18:15:00Z",
				"2024-09-15T10:00:00Z", "2024-10-15T22:00:00Z", "2024-11-15T03:45:00Z", "2024-12-15T15:45:00Z",
			},
		},
		{
			"de, CLDR names with dots, Mrz, lower case", [12]string{
				"03/jan./25 08:00", "03/Feb./25 08:00", "03/MRZ/25 08:00", "03/Apr./25 08:00",
				"03/Mai/25 08:00", "03/Juni/25 08:00", "03/Juli/25 08:00", "03/Aug./25 08:00",
				"03/Sept./25 08:00", "03/Okt./25 08:00", "03/Nov./25 08:00", "03/Dez./25 08:00",
			},
			[12]string{
				"2025-01-03T08:00:00Z", "2025-02-03T08:00:00Z", "2025-03-03T08:00:00Z", "2025-04-03T08:00:00Z",
				"2025-05-03T08:00:00Z", "2025-06-03T08:00:00Z", "2025-07-03T08:00:00Z", "2025-08-03T08:00:00Z",
				"2025-09-03T08:00:00Z", "2025-10-03T08:00:00Z", "2025-11-03T08:00:00Z", "2025-12-03T08:00:00Z",
			},
		},
		{
			"es, 12-hour with a. m. and p. m.", [12]string{
				"15/ene/24 9:05 a. m.", "15/feb/24 9:05 p. m.", "15/mar/24 12:00 a. m.", "15/abr/24 12:30 p. m.",
				"15/may/24 1:00 a.m.", "15/jun/24 11:59 p.m.", "15/jul/24 6:15 a.\u00a0m.", "15/ago/24 6:15\u202fp.\u00a0m.",
				"15/sept/24 10:00 a. m.", "15/oct/24 10:00 p. m.", "15/nov/24 3:45 a. m.", "15/dic/24 3:45 p. m.",
			},
			[12]string{
				"2024-01-15T09:05:00Z", "2024-02-15T21:05:00Z", "2024-03-15T00:00:00Z", "2024-04-15T12:30:00Z",
				"2024-05-15T01:00:00Z", "2024-06-15T23:59:00Z", "2024-07-15T06:15:00Z", "2024-08-15T18:15:00Z",
				"2024-09-15T10:00:00Z", "2024-10-15T22:00:00Z", "2024-11-15T03:45:00Z", "2024-12-15T15:45:00Z",
			},
		},
		{
			"es, names with dots, 24-hour", [12]string{
				"28/ENE./23 17:20", "28/feb./23 17:20", "28/mar./23 17:20", "28/abr./23 17:20",
				"28/may./23 17:20", "28/jun./23 17:20", "28/jul./23 17:20", "28/ago./23 17:20",
				"28/sep./23 17:20", "28/oct./23 17:20", "28/nov./23 17:20", "28/dic./23 17:20",
			},
			[12]string{
				"2023-01-28T17:20:00Z", "2023-02-28T17:20:00Z", "2023-03-28T17:20:00Z", "2023-04-28T17:20:00Z",
				"2023-05-28T17:20:00Z", "2023-06-28T17:20:00Z", "2023-07-28T17:20:00Z", "2023-08-28T17:20:00Z",
				"2023-09-28T17:20:00Z", "2023-10-28T17:20:00Z", "2023-11-28T17:20:00Z", "2023-12-28T17:20:00Z",
			},
		},
		{
			"fr, 24-hour", [12]string{
				"15/janv./24 09:05", "15/févr./24 21:05", "15/mars/24 00:00", "15/avr./24 12:30",
				"15/mai/24 01:00", "15/juin/24 23:59", "15/juil./24 06:15", "15/août/24 18:15",
				"15/sept./24 10:00", "15/oct./24 22:00", "15/nov./24 03:45", "15/déc./24 15:45",
			},
			[12]string{
				"2024-01-15T09:05:00Z", "2024-02-15T21:05:00Z", "2024-03-15T00:00:00Z", "2024-04-15T12:30:00Z",
				"2024-05-15T01:00:00Z", "2024-06-15T23:59:00Z", "2024-07-15T06:15:00Z", "2024-08-15T18:15:00Z",
				"2024-09-15T10:00:00Z", "2024-10-15T22:00:00Z", "2024-11-15T03:45:00Z", "2024-12-15T15:45:00Z",
			},
		},
		{
			"fr, capitals, no dots, 12-hour", [12]string{
				"01/JANV/26 1:00 PM", "01/FÉVR/26 1:00 PM", "01/Mars/26 1:00 PM", "01/Avr/26 1:00 PM",
				"01/Mai/26 1:00 PM", "01/Juin/26 1:00 PM", "01/Juil/26 1:00 PM", "01/Août/26 1:00 PM",
				"01/Sept/26 1:00 PM", "01/Oct/26 1:00 PM", "01/Nov/26 1:00 PM", "01/Déc/26 1:00 PM",
			},
			[12]string{
				"2026-01-01T13:00:00Z", "2026-02-01T13:00:00Z", "2026-03-01T13:00:00Z", "2026-04-01T13:00:00Z",
				"2026-05-01T13:00:00Z", "2026-06-01T13:00:00Z", "2026-07-01T13:00:00Z", "2026-08-01T13:00:00Z",
				"2026-09-01T13:00:00Z", "2026-10-01T13:00:00Z", "2026-11-01T13:00:00Z", "2026-12-01T13:00:00Z",
			},
		},
		{
			"pt, 24-hour", [12]string{
				"15/jan/24 09:05", "15/fev/24 21:05", "15/mar/24 00:00", "15/abr/24 12:30",
				"15/mai/24 01:00", "15/jun/24 23:59", "15/jul/24 06:15", "15/ago/24 18:15",
				"15/set/24 10:00", "15/out/24 22:00", "15/nov/24 03:45", "15/dez/24 15:45",
			},
			[12]string{
				"2024-01-15T09:05:00Z", "2024-02-15T21:05:00Z", "2024-03-15T00:00:00Z", "2024-04-15T12:30:00Z",
				"2024-05-15T01:00:00Z", "2024-06-15T23:59:00Z", "2024-07-15T06:15:00Z", "2024-08-15T18:15:00Z",
				"2024-09-15T10:00:00Z", "2024-10-15T22:00:00Z", "2024-11-15T03:45:00Z", "2024-12-15T15:45:00Z",
			},
		},
		{
			"pt, CLDR names with dots, 12-hour", [12]string{
				"09/jan./24 11:00 AM", "09/fev./24 11:00 AM", "09/mar./24 11:00 AM", "09/abr./24 11:00 AM",
				"09/mai./24 11:00 AM", "09/jun./24 11:00 AM", "09/jul./24 11:00 AM", "09/ago./24 11:00 AM",
				"09/set./24 11:00 AM", "09/out./24 11:00 AM", "09/nov./24 11:00 AM", "09/dez./24 11:00 AM",
			},
			[12]string{
				"2024-01-09T11:00:00Z", "2024-02-09T11:00:00Z", "2024-03-09T11:00:00Z", "2024-04-09T11:00:00Z",
				"2024-05-09T11:00:00Z", "2024-06-09T11:00:00Z", "2024-07-09T11:00:00Z", "2024-08-09T11:00:00Z",
				"2024-09-09T11:00:00Z", "2024-10-09T11:00:00Z", "2024-11-09T11:00:00Z", "2024-12-09T11:00:00Z",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			p, err := ingest.NewTimeParser("", time.UTC)
			require.NoError(t, err)
			for _, v := range tc.values {
				p.Observe(v)
			}
			require.NoError(t, p.Decide())
			for i, v := range tc.values {
				got, err := p.Parse(v)
				require.NoError(t, err, "%q", v)
				assert.Equal(t, tc.want[i], got.UTC().Format(time.RFC3339), "%q", v)
			}
		})
	}
}

func TestLocalizedDetectionIsPerFile(t *testing.T) {
	// English files keep the plain path; localized ones say so.
	en, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	en.Observe("05/feb/24 9:15 AM")
	en.Observe("06/Mar/24 3:15 PM")
	require.NoError(t, en.Decide())
	assert.False(t, en.Localized())

	de, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	de.Observe("05/Mär/24 09:15")
	require.NoError(t, de.Decide())
	assert.True(t, de.Localized())
	assert.Equal(t, "02/Jan/06 15:04", de.Layouts()[0])
}

func TestLocalizedMonthsInTheSourceZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	p, err := ingest.NewTimeParser("", berlin)
	require.NoError(t, err)
	p.Observe("01/Okt/24 09:00")
	require.NoError(t, p.Decide())
	got, err := p.Parse("01/Okt/24 09:00")
	require.NoError(t, err)
	// 1 October is summer time in Berlin, UTC+2.
	assert.Equal(t, "2024-10-01T07:00:00Z", got.UTC().Format(time.RFC3339))
	got, err = p.Parse("01/Dez/24 09:00")
	require.NoError(t, err)
	// 1 December is winter time, UTC+1.
	assert.Equal(t, "2024-12-01T08:00:00Z", got.UTC().Format(time.RFC3339))
}

func TestLocalizedMonthsErrors(t *testing.T) {
	t.Run("names of two languages", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		p.Observe("16/ene/24 10:00")
		p.Observe("17/mar/24 10:00") // Spanish too, so far one language
		p.Observe("15/Mrz/24 10:00")
		err = p.Decide()
		require.Error(t, err)
		assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)
		assert.Equal(t, `ambiguous dates: the month names are not all of one language: "15/Mrz/24 10:00" reads only as German, the dates before it only as Spanish; set date_locale for this source in lanes.yaml to the language of the export (one of en, de, es, fr, pt)`, err.Error())
	})
	t.Run("shared names narrow the choice", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		p.Observe("02/mar/24 10:00") // English, Spanish or Portuguese
		p.Observe("03/Mai/24 10:00") // German, French or Portuguese
		p.Observe("04/Okt/24 10:00") // German only
		err = p.Decide()
		require.Error(t, err)
		assert.Contains(t, err.Error(), `"04/Okt/24 10:00" reads only as German, the dates before it only as Portuguese`)
	})
	t.Run("shared names alone are fine", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		p.Observe("02/mar/24 10:00")
		p.Observe("03/jun/24 10:00")
		require.NoError(t, p.Decide())
		got, err := p.Parse("04/jul/24 10:00")
		require.NoError(t, err)
		assert.Equal(t, "2024-07-04T10:00:00Z", got.UTC().Format(time.RFC3339))
	})
	t.Run("date_locale settles it", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		require.NoError(t, p.SetLocale("es"))
		p.Observe("16/ene/24 10:00")
		p.Observe("15/Mrz/24 10:00")
		require.NoError(t, p.Decide())
		got, err := p.Parse("16/ene/24 10:00")
		require.NoError(t, err)
		assert.Equal(t, "2024-01-16T10:00:00Z", got.UTC().Format(time.RFC3339))
		_, err = p.Parse("15/Mrz/24 10:00")
		require.Error(t, err)
		assert.Equal(t, `cannot read "15/Mrz/24 10:00" as a date (expected like 02/Jan/06 15:04, month names in Spanish)`, err.Error())
	})
	t.Run("date_locale that reads no sample", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		require.NoError(t, p.SetLocale("fr"))
		p.Observe("15/Mrz/24 10:00")
		err = p.Decide()
		require.Error(t, err)
		assert.Contains(t, err.Error(), `no known date format reads values like "15/Mrz/24 10:00" with French month names (date_locale)`)
	})
	t.Run("unknown date_locale", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		err = p.SetLocale("it")
		require.Error(t, err)
		assert.Equal(t, `date_locale "it" is not one of en, de, es, fr, pt`, err.Error())
	})
	t.Run("a month of another language later in the file", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", time.UTC)
		require.NoError(t, err)
		p.Observe("05/Dez/24 10:00")
		p.Observe("05/Okt/24 10:00")
		require.NoError(t, p.Decide())
		_, err = p.Parse("05/dic/24 10:00")
		require.Error(t, err)
		assert.Equal(t, `cannot read "05/dic/24 10:00" as a date (expected like 02/Jan/06 15:04, month names in German)`, err.Error())
	})
	t.Run("a configured layout with localized names", func(t *testing.T) {
		p, err := ingest.NewTimeParser("02/Jan/2006 15:04", time.UTC)
		require.NoError(t, err)
		p.Observe("05/févr./2024 10:00")
		require.NoError(t, p.Decide())
		got, err := p.Parse("29/févr./2024 23:00")
		require.NoError(t, err)
		assert.Equal(t, "2024-02-29T23:00:00Z", got.UTC().Format(time.RFC3339))
	})
}

func TestDateLocales(t *testing.T) {
	assert.Equal(t, []string{"en", "de", "es", "fr", "pt"}, ingest.DateLocales())
}
